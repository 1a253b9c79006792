"""Sample feeds and article pages for `newsdigest demo`; served over loopback."""
