"""One module per `mvportrait` command group; each defines `register(subparsers)`."""
