import NotifCore
