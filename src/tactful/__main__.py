from tactful.cli import main

raise SystemExit(main())
