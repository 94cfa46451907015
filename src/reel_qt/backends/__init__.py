"""Media backends: the MediaBackend protocol and its Jellyfin, Plex and local implementations."""
