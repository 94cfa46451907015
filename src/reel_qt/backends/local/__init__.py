"""The local folders source: walk, understand, probe and watch a collection of video files."""
