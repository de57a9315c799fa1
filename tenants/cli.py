from flask.cli import AppGroup

tenants_cli = AppGroup("tenants", help="Sites of the hub.")
