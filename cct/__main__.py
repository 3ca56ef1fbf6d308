from cct.cli import main

main()
