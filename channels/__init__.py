"""Input and output channels, one file per channel, in the shape of rasa/core/channels."""
