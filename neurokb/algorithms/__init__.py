"""Reference implementations of algorithms from the NeuroAI literature (one module each)."""
