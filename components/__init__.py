"""Custom Rasa graph components (NLU and policies) and the pure rules behind them."""
