#!/usr/bin/env python3
"""Write compile_commands.json for editors (clangd): one entry per
kernel C file with the exact flags the Makefile uses. The user-space
programs get their own flags from user/user.mk when present."""
import json
import os
import shlex
import sys

cmd = shlex.split(sys.argv[1])
root = os.getcwd()
entries = [{"directory": root, "file": src,
            "arguments": cmd + ["-c", src, "-o", "/dev/null"]}
           for src in sys.argv[2:]]
json.dump(entries, sys.stdout, indent=1)
print()
