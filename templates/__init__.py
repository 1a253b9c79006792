"""Built-in Jinja2 templates (installed as ``bot.templates``); copy one into your own template directory to override it."""
