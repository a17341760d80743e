"""Expressions of interest in an offering that is not open: registered, confirmed by a signed
link, told once when applications open, unsubscribed. (Moved from applications, issue 13.)"""
