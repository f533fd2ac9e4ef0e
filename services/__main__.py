import sys

from newsstream.cli import main

sys.exit(main())
