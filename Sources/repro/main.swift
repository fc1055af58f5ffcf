print("repro: not yet built")
