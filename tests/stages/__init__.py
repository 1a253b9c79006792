"""Pure stages with plain data: text, summarise, group, extract, render, config, feed parsing."""
