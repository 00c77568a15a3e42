print("kpcheck")
