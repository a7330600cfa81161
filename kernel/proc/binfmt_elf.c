/*
 * The ELF64 loader: static x86_64 ET_EXEC files.
 *
 * elf_read_headers() reads the file header and the program headers
 * and checks them (elf_check_header, elf_check_phdrs; include/elf.h):
 * every offset, size and address is tested for overflow and range
 * before it is used, so a truncated or corrupt file is -ENOEXEC,
 * never a fault. Nothing is mapped until the whole file has passed.
 *
 * elf_map_segments() runs in the new, empty address space (exec.c has
 * switched to it). Each PT_LOAD becomes private anonymous memory,
 * mapped read-write, filled with the file bytes by kernel_read() into
 * a bounce page and copy_to_user(), and then given its own protection
 * (PF_R/W/X -> PROT_READ/WRITE/EXEC). Memory past p_filesz (.bss) is
 * already zero: it is fresh anonymous memory. Copying instead of
 * mapping the page cache keeps exec independent of file mmap; the
 * cost is one copy of the program per exec.
 *
 * Two segments may share a page (the end of one and the start of the
 * next, at different offsets into it): that page is mapped once and
 * gets the union of both protections.
 */
#include "internal.h"
#include <fs.h>
#include <mman.h>
#include <slab.h>
#include <gfp.h>
#include <string.h>
#include <uaccess.h>
#include <errno.h>

static bool
elf_ident_ok(const Elf64_Ehdr *eh)
{
	return memcmp(eh->e_ident, "\177ELF", 4) == 0 &&
	       eh->e_ident[EI_CLASS] == ELFCLASS64 &&
	       eh->e_ident[EI_DATA] == ELFDATA2LSB &&
	       eh->e_ident[EI_VERSION] == EV_CURRENT;
}

int
elf_check_header(const Elf64_Ehdr *eh, loff_t size)
{
	u64 tab = (u64)eh->e_phnum * sizeof(Elf64_Phdr);

	if (size < (loff_t)sizeof(*eh) || !elf_ident_ok(eh))
		return -ENOEXEC;
	if (eh->e_type != ET_EXEC || eh->e_machine != EM_X86_64 ||
	    eh->e_version != EV_CURRENT)
		return -ENOEXEC;
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 ||
	    eh->e_phnum > ELF_MAX_PHNUM)
		return -ENOEXEC;
	if (eh->e_phoff > (u64)size || tab > (u64)size - eh->e_phoff)
		return -ENOEXEC;
	return 0;
}

/* One PT_LOAD: file range inside the file, memory range in [min, limit). */
static bool
elf_load_ok(const Elf64_Phdr *p, loff_t size, unsigned long min,
	    unsigned long limit)
{
	if (p->p_filesz > p->p_memsz)
		return false;
	if (p->p_offset > (u64)size || p->p_filesz > (u64)size - p->p_offset)
		return false;
	if (p->p_vaddr < min || p->p_memsz > limit ||
	    p->p_vaddr > limit - p->p_memsz)
		return false;
	return true;
}

int
elf_check_phdrs(const Elf64_Ehdr *eh, const Elf64_Phdr *ph, loff_t size,
		unsigned long limit)
{
	unsigned long prev_end = ELF_MIN_ADDR;
	bool entry_ok = false;
	int nload = 0;

	for (int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *p = &ph[i];

		if (p->p_type == PT_INTERP)
			return -ENOEXEC;	/* dynamic: not supported */
		if (p->p_type != PT_LOAD || p->p_memsz == 0)
			continue;
		/* Ascending and disjoint, as the ELF spec requires. */
		if (!elf_load_ok(p, size, prev_end, limit))
			return -ENOEXEC;
		prev_end = p->p_vaddr + p->p_memsz;
		if ((p->p_flags & PF_X) && eh->e_entry >= p->p_vaddr &&
		    eh->e_entry < prev_end)
			entry_ok = true;
		nload++;
	}
	return nload && entry_ok ? 0 : -ENOEXEC;
}

/* A short read means the file is shorter than its headers say. */
static int
read_exact(struct file *f, void *buf, size_t n, loff_t pos)
{
	ssize_t r = kernel_read(f, buf, n, &pos);

	if (r < 0)
		return r;
	return (size_t)r == n ? 0 : -ENOEXEC;
}

int
elf_read_headers(struct binprm *b)
{
	size_t tab;
	int err;

	err = read_exact(b->file, &b->eh, sizeof(b->eh), 0);
	if (!err)
		err = elf_check_header(&b->eh, b->size);
	if (err)
		return err;
	tab = b->eh.e_phnum * sizeof(Elf64_Phdr);
	b->ph = kmalloc(tab, GFP_KERNEL);
	if (!b->ph)
		return -ENOMEM;
	err = read_exact(b->file, b->ph, tab, b->eh.e_phoff);
	if (!err)
		err = elf_check_phdrs(&b->eh, b->ph, b->size,
				      STACK_TOP - STACK_SIZE);
	return err;
}

static unsigned long
elf_prot(u32 flags)
{
	return ((flags & PF_R) ? PROT_READ : 0) |
	       ((flags & PF_W) ? PROT_WRITE : 0) |
	       ((flags & PF_X) ? PROT_EXEC : 0);
}

/* Copy the file bytes of @p to its address, a page at a time. */
static int
elf_fill_segment(struct binprm *b, const Elf64_Phdr *p, void *bounce)
{
	unsigned long dst = p->p_vaddr, left = p->p_filesz;
	loff_t pos = p->p_offset;

	while (left) {
		size_t n = min(left, PAGE_SIZE);
		ssize_t r = kernel_read(b->file, bounce, n, &pos);

		if (r < 0)
			return r;
		if ((size_t)r != n)
			return -EIO;	/* truncated since we checked */
		if (copy_to_user((void *)dst, bounce, n))
			return -EFAULT;
		dst += n;
		left -= n;
	}
	return 0;
}

/* Map [start, end) read-write; *mapped_end: pages mapped so far. */
static int
elf_map_range(unsigned long start, unsigned long end,
	      unsigned long *mapped_end)
{
	long r;

	start = max(start, *mapped_end);
	if (start >= end)
		return 0;
	r = vm_mmap(NULL, start, end - start, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0);
	if (IS_ERR_VALUE(r))
		return r;
	*mapped_end = end;
	return 0;
}

/* Record code/data bounds and the in-memory program headers. */
static void
elf_note_segment(struct binprm *b, const Elf64_Phdr *p)
{
	unsigned long end = p->p_vaddr + p->p_memsz;
	u64 phoff = b->eh.e_phoff;

	if (p->p_flags & PF_X) {
		if (!b->start_code || p->p_vaddr < b->start_code)
			b->start_code = p->p_vaddr;
		b->end_code = max(b->end_code, p->p_vaddr + p->p_filesz);
	} else {
		if (!b->start_data || p->p_vaddr < b->start_data)
			b->start_data = p->p_vaddr;
		b->end_data = max(b->end_data, p->p_vaddr + p->p_filesz);
	}
	b->brk = max(b->brk, PAGE_ALIGN(end));
	if (phoff >= p->p_offset && phoff - p->p_offset < p->p_filesz)
		b->phdr_addr = p->p_vaddr + (phoff - p->p_offset);
}

/* Give each segment its protection; mmap_lock held for write. */
static int
elf_protect(struct binprm *b, struct mm_struct *mm)
{
	unsigned long prev_end = 0, prev_prot = 0;

	for (int i = 0; i < b->eh.e_phnum; i++) {
		const Elf64_Phdr *p = &b->ph[i];
		unsigned long start, end, prot = elf_prot(p->p_flags);
		int err = 0;

		if (p->p_type != PT_LOAD || p->p_memsz == 0)
			continue;
		start = ALIGN_DOWN(p->p_vaddr, PAGE_SIZE);
		end = PAGE_ALIGN(p->p_vaddr + p->p_memsz);
		if (start < prev_end) {		/* page shared with prev */
			err = do_mprotect(mm, start, PAGE_SIZE,
					  prot | prev_prot);
			start += PAGE_SIZE;
		}
		if (!err && start < end)
			err = do_mprotect(mm, start, end - start, prot);
		if (err)
			return err;
		prev_end = end;
		prev_prot = prot;
	}
	return 0;
}

int
elf_map_segments(struct binprm *b)
{
	struct mm_struct *mm = current->mm;
	unsigned long mapped_end = 0;
	void *bounce = (void *)__get_free_pages(GFP_KERNEL, 0);
	int err = 0;

	if (!bounce)
		return -ENOMEM;
	for (int i = 0; i < b->eh.e_phnum && !err; i++) {
		const Elf64_Phdr *p = &b->ph[i];

		if (p->p_type != PT_LOAD || p->p_memsz == 0)
			continue;
		err = elf_map_range(ALIGN_DOWN(p->p_vaddr, PAGE_SIZE),
				    PAGE_ALIGN(p->p_vaddr + p->p_memsz),
				    &mapped_end);
		if (!err)
			err = elf_fill_segment(b, p, bounce);
		elf_note_segment(b, p);
	}
	free_pages((unsigned long)bounce, 0);
	if (err)
		return err;
	down_write(&mm->mmap_lock);
	err = elf_protect(b, mm);
	up_write(&mm->mmap_lock);
	return err;
}
