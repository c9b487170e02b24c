import sys

from factdesk.cli import main

if __name__ == "__main__":
    # Folder imports read in worker processes ("spawn"); in the frozen desktop build each
    # worker starts this program again, and freeze_support() turns it into the worker.
    # (Only there: importing multiprocessing costs every command 60 ms.)
    if getattr(sys, "frozen", False):
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main())
