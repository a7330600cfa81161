# pinos top-level Makefile.
#
#   make          build build/pinos.elf, build/pinos.iso, compile_commands.json
#   make run      boot interactively (serial on this terminal)
#   make test     build and run every test suite under QEMU
#   make debug    boot halted with a GDB stub
#   make bench    run the benchmarks
#   make demo     run the pin scenario under every policy, print the table
#
# Every .c/.S file under the kernel directories is compiled: adding a
# file needs no edit here.

BUILD      := build
KERNEL     := $(BUILD)/pinos.elf
ISO        := $(BUILD)/pinos.iso
CC         := gcc
LD         := ld
PYTHON     := python3

KDIRS      := kernel mm fs block drivers tests/kunit tests/kernel
KSRC_C     := $(sort $(shell find $(KDIRS) -name '*.c' 2>/dev/null))
KSRC_S     := $(sort $(shell find $(KDIRS) -name '*.S' 2>/dev/null))
KOBJS      := $(KSRC_C:%.c=$(BUILD)/k/%.o) $(KSRC_S:%.S=$(BUILD)/k/%.o)
KDUPS      := $(filter $(KSRC_S:.S=),$(KSRC_C:.c=))
ifneq ($(KDUPS),)
$(error $(KDUPS): a .c and a .S file share a name and would build the same .o)
endif

KCFLAGS    := -std=gnu11 -O2 -g -ffreestanding -fno-pic -fno-pie \
	      -mcmodel=kernel -mno-red-zone -mno-mmx -mno-sse -mno-sse2 \
	      -mno-avx -fno-stack-protector -fno-omit-frame-pointer \
	      -fno-strict-aliasing -fno-common -nostdinc -Iinclude \
	      -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare \
	      -Wno-missing-field-initializers -Werror=implicit-function-declaration \
	      -MMD -MP
KASFLAGS   := -D__ASSEMBLER__ -Iinclude -g -MMD -MP
KLDFLAGS   := -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
	      --no-warn-rwx-segments -T linker.ld

# Test selection and QEMU knobs (see scripts/run-tests.py --help).
TESTS      ?= *
SMP        ?= 1
MEM        ?= 512M
CMDLINE    ?=

.PHONY: all deps run test debug bench demo iso clean distclean user
all: $(KERNEL) $(BUILD)/initramfs.cpio $(BUILD)/disk.img $(BUILD)/disk-1k.img \
	$(ISO) compile_commands.json

# User programs (newlib, built once into build/newlib) and the root
# filesystem: every program becomes /bin/NAME in the initramfs.
include user/user.mk
$(NEWLIB_STAMP): $(BUILD)/.deps-ok

$(BUILD)/initramfs.cpio: $(USER_PROGS) scripts/mkinitramfs.sh
	@echo "  CPIO    $@"
	@sh scripts/mkinitramfs.sh $@ $(USER_PROGS)

# The ext2 disk images (scripts/mkdisk.sh): 4 KiB blocks, attached as
# virtio-blk and carried by the ISO as a module; 1 KiB blocks, built
# for ext2 tests and not attached unless asked.
$(BUILD)/disk.img: $(USER_PROGS) scripts/mkdisk.sh
	@echo "  MKDISK  $@"
	@sh scripts/mkdisk.sh $@ 4096 $(USER_PROGS)

$(BUILD)/disk-1k.img: $(USER_PROGS) scripts/mkdisk.sh
	@echo "  MKDISK  $@"
	@sh scripts/mkdisk.sh $@ 1024 $(USER_PROGS)

$(BUILD)/.deps-ok: scripts/deps.sh
	@mkdir -p $(BUILD)
	@sh scripts/deps.sh
	@touch $@

deps: $(BUILD)/.deps-ok

$(BUILD)/k/%.o: %.c $(BUILD)/.deps-ok
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(KCFLAGS) -c $< -o $@

$(BUILD)/k/%.o: %.S $(BUILD)/.deps-ok
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(KASFLAGS) -c $< -o $@

# Two-pass link: the symbol table for backtraces (kallsyms) is
# generated from a first link. It sits at the end of .rodata, after
# all code, so adding it moves no function address.
$(BUILD)/kallsyms0.o: scripts/gen-kallsyms.sh
	@mkdir -p $(BUILD)
	@printf '' | sh scripts/gen-kallsyms.sh > $(BUILD)/kallsyms0.S
	@$(CC) $(KASFLAGS) -c $(BUILD)/kallsyms0.S -o $@

$(BUILD)/pinos.pass1.elf: $(KOBJS) $(BUILD)/kallsyms0.o linker.ld
	@$(LD) $(KLDFLAGS) -o $@ $(KOBJS) $(BUILD)/kallsyms0.o

$(BUILD)/kallsyms.o: $(BUILD)/pinos.pass1.elf scripts/gen-kallsyms.sh
	@nm -n $< | sh scripts/gen-kallsyms.sh > $(BUILD)/kallsyms.S
	@$(CC) $(KASFLAGS) -c $(BUILD)/kallsyms.S -o $@

$(KERNEL): $(KOBJS) $(BUILD)/kallsyms.o linker.ld scripts/check-image.sh
	@echo "  LD      $@"
	@$(LD) $(KLDFLAGS) -o $@ $(KOBJS) $(BUILD)/kallsyms.o
	@sh scripts/check-image.sh $@ $(BUILD)/pinos.pass1.elf

$(ISO): $(KERNEL) $(BUILD)/initramfs.cpio $(BUILD)/disk.img scripts/mkiso.sh
	@echo "  ISO     $@"
	@sh scripts/mkiso.sh $(KERNEL) $@

iso: $(ISO)

compile_commands.json: $(KSRC_C) Makefile
	@$(PYTHON) scripts/gen-compdb.py "$(CC) $(KCFLAGS)" $(KSRC_C) > $@

run: all
	@$(PYTHON) scripts/qemu.py run --smp $(SMP) --mem $(MEM) \
		--cmdline "$(CMDLINE)"

debug: all
	@$(PYTHON) scripts/qemu.py debug --smp $(SMP) --mem $(MEM) \
		--cmdline "$(CMDLINE)"

test: all
	@$(PYTHON) scripts/run-tests.py --tests '$(TESTS)'

bench: all
	@$(PYTHON) scripts/bench.py

demo: all
	@$(PYTHON) scripts/demo.py

clean:
	rm -rf $(BUILD)/k $(BUILD)/*.elf $(BUILD)/*.iso $(BUILD)/*.o \
		$(BUILD)/*.S $(BUILD)/*.log compile_commands.json

distclean:
	rm -rf $(BUILD) compile_commands.json

-include $(KOBJS:.o=.d)
