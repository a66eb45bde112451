print("notifd")
