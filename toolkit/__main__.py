from toolkit.entry import entry

entry()
