"""Request semantics (ORT2xx): what a schema cannot say about a chat-completions request.

One module per topic. Every rule reads the payload defensively (`toolkit.rules.readers`):
a value of the wrong type is the schema's finding (ORT1xx), so a rule skips it rather than
crashing or reporting it again.
"""
