print("authtui")
