"""A gazette app that exists only to show the portal picks up an app from its declarations."""
