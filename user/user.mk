# user/user.mk - build pinos user programs: static ELF64 executables on
# newlib and libpinos (user/lib/), speaking the Linux x86_64 syscall ABI.
#
# Use it included from the top-level Makefile, or alone from the top of
# the tree:  make -f user/user.mk user
#
#   user         build libpinos and every program
#   newlib       build newlib once (scripts/build-newlib.sh)
#   user-clean   remove build/user (newlib stays)
#
# Rules: a program is one C file. user/NAME.c, tests/user/NAME.c and
# each file listed in EXTRA_PROGS (paths to .c files; set it before
# including this file, or on the command line) become
# build/user/bin/NAME; names must be unique. USER_PROGS lists all the
# binaries, for the rootfs rules. Paths are relative to the tree's top.

USER_MK_STANDALONE :=
ifeq ($(firstword $(MAKEFILE_LIST)),$(lastword $(MAKEFILE_LIST)))
USER_MK_STANDALONE := 1
endif
USER_MK_SAVED_GOAL := $(.DEFAULT_GOAL)

BUILD		?= build
USER_CC		?= gcc
USER_AR		?= ar

NEWLIB		:= $(BUILD)/newlib/x86_64-elf
NEWLIB_INC	:= $(NEWLIB)/include
NEWLIB_LIBDIR	:= $(NEWLIB)/lib
NEWLIB_STAMP	:= $(BUILD)/newlib/.stamp

USER_OUT	:= $(BUILD)/user
USER_BIN	:= $(USER_OUT)/bin
LIBPINOS	:= $(USER_OUT)/libpinos.a
USER_CRT0	:= $(USER_OUT)/lib/crt0.o

USER_GCC_INC	:= $(shell $(USER_CC) -print-file-name=include)
USER_LIBGCC	:= $(shell $(USER_CC) -print-libgcc-file-name)

# Header search: our overrides first, then newlib, then gcc's own
# (stddef.h, stdarg.h); never the host's /usr/include. The kernel's
# include/ comes last (-idirafter) only so that <uapi/...> resolves:
# placed earlier, its string.h and time.h would shadow newlib's.
USER_CFLAGS	:= -std=gnu11 -O2 -g -static -ffreestanding \
		   -fno-stack-protector -fno-pie -no-pie -nostdlib \
		   -mno-red-zone -nostdinc -Iuser/include \
		   -isystem $(NEWLIB_INC) -isystem $(USER_GCC_INC) \
		   -idirafter include -Wall -MMD -MP
LIBPINOS_CFLAGS	:= -Wextra -Wno-unused-parameter
USER_LDFLAGS	:= -static -nostdlib -no-pie -Wl,--build-id=none \
		   -Wl,-z,noexecstack -Wl,-z,max-page-size=4096 \
		   -Wl,-Ttext-segment=0x400000
# A group, because libc.a calls back into libpinos.a (read, sbrk...).
USER_LIBS	:= -Wl,--start-group $(LIBPINOS) $(NEWLIB_LIBDIR)/libc.a \
		   $(NEWLIB_LIBDIR)/libm.a $(USER_LIBGCC) -Wl,--end-group

LIBPINOS_SRCS	:= $(filter-out user/lib/crt0.S, \
		   $(sort $(wildcard user/lib/*.c user/lib/*.S)))
LIBPINOS_OBJS	:= $(patsubst user/lib/%,$(USER_OUT)/lib/%, \
		   $(addsuffix .o,$(basename $(LIBPINOS_SRCS))))

USER_PROG_SRCS	:= $(sort $(wildcard user/*.c tests/user/*.c) $(EXTRA_PROGS))
user_prog_name	= $(basename $(notdir $(1)))
USER_PROG_NAMES	:= $(foreach s,$(USER_PROG_SRCS),$(call user_prog_name,$(s)))
ifneq ($(words $(USER_PROG_NAMES)),$(words $(sort $(USER_PROG_NAMES))))
$(error user programs with the same name: $(USER_PROG_SRCS))
endif
USER_PROGS	:= $(addprefix $(USER_BIN)/,$(USER_PROG_NAMES))
export USER_PROGS

.PHONY: user newlib user-clean

user: $(USER_PROGS) $(LIBPINOS)

newlib: $(NEWLIB_STAMP)

# No prerequisites: the script itself reuses a finished build.
$(NEWLIB_STAMP):
	@bash scripts/build-newlib.sh

$(USER_OUT)/lib/%.o: user/lib/%.c $(NEWLIB_STAMP)
	@mkdir -p $(@D)
	@echo "  UCC     $<"
	@$(USER_CC) $(USER_CFLAGS) $(LIBPINOS_CFLAGS) -c $< -o $@

$(USER_OUT)/lib/%.o: user/lib/%.S $(NEWLIB_STAMP)
	@mkdir -p $(@D)
	@echo "  UAS     $<"
	@$(USER_CC) $(USER_CFLAGS) -c $< -o $@

# Built aside and renamed, so a parallel link never sees half an archive.
$(LIBPINOS): $(LIBPINOS_OBJS)
	@echo "  AR      $@"
	@rm -f $@.tmp
	@$(USER_AR) rcs $@.tmp $^
	@mv $@.tmp $@

# $(1) = program name, $(2) = its C file
define user_prog_rules
$(USER_OUT)/obj/$(1).o: $(2) $(NEWLIB_STAMP)
	@mkdir -p $$(@D)
	@echo "  UCC     $$<"
	@$$(USER_CC) $$(USER_CFLAGS) -c $$< -o $$@

$(USER_BIN)/$(1): $(USER_OUT)/obj/$(1).o $(USER_CRT0) $(LIBPINOS)
	@mkdir -p $$(@D)
	@echo "  ULD     $$@"
	@$$(USER_CC) $$(USER_LDFLAGS) -o $$@ $(USER_CRT0) $$< $$(USER_LIBS)
endef

$(foreach s,$(USER_PROG_SRCS), \
	$(eval $(call user_prog_rules,$(call user_prog_name,$(s)),$(s))))

user-clean:
	rm -rf $(USER_OUT)

-include $(wildcard $(USER_OUT)/lib/*.d $(USER_OUT)/obj/*.d)

# Alone, "make -f user/user.mk" means "user"; included, leave the
# including Makefile's default goal alone.
ifeq ($(USER_MK_STANDALONE),1)
.DEFAULT_GOAL := user
else
.DEFAULT_GOAL := $(USER_MK_SAVED_GOAL)
endif
