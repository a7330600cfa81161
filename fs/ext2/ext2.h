/*
 * ext2: declarations shared by the files of fs/ext2/ (and its tests).
 *
 * On-disk format (all fields little-endian, which is also the CPU's
 * order here, so the structs are read and written in place):
 *
 *   byte 1024     the superblock (struct ext2_super_block, 1024 bytes)
 *   block s_first_data_block + 1
 *                 the group descriptor table, one 32-byte
 *                 struct ext2_group_desc per block group
 *   per group     a block bitmap block, an inode bitmap block and the
 *                 inode table (s_inodes_per_group inodes of
 *                 s_inode_size bytes); groups 0, 1 and powers of 3, 5
 *                 and 7 also start with a backup superblock and
 *                 descriptor table (sparse_super)
 *   inodes        struct ext2_inode: 12 direct block pointers, then a
 *                 single-, double- and triple-indirect pointer
 *   directories   blocks of struct ext2_dir_entry_2 records, each
 *                 rec_len bytes long, never crossing a block
 *
 * Inode numbers start at 1; 2 is the root; 1 and 3..s_first_ino-1 are
 * reserved. Block numbers are absolute; 0 means "no block" (a hole).
 *
 * Locks, outermost first (the VFS's i_rwsem and the folio lock come
 * before all of these; see docs/ext2.md):
 *   ei->truncate_mutex   one inode's block map (i_data, its indirect
 *                        blocks, i_blocks)
 *   sbi->s_alloc_lock    bitmaps, group descriptors, superblock counts
 *   sbi->s_itable_lock   copies into and out of inode-table buffers
 *   bcache lock          the buffer cache's lists (a spinlock)
 */
#ifndef _PINOS_FS_EXT2_H
#define _PINOS_FS_EXT2_H

#include <fs.h>
#include <blkdev.h>
#include <mutex.h>
#include <spinlock.h>
#include <errno.h>
#include <printk.h>
#include <string.h>

#define EXT2_SUPER_MAGIC_NR	0xEF53
#define EXT2_ROOT_INO		2
#define EXT2_GOOD_OLD_REV	0
#define EXT2_DYNAMIC_REV	1
#define EXT2_GOOD_OLD_FIRST_INO	11
#define EXT2_GOOD_OLD_INODE_SIZE 128
#define EXT2_MIN_BLOCK_LOG	10	/* 1 KiB */
#define EXT2_MAX_BLOCK_LOG	16	/* 64 KiB: the format's limit */
#define EXT2_LINK_MAX		32000
#define EXT2_NAME_LEN		255

#define EXT2_NDIR_BLOCKS	12
#define EXT2_IND_BLOCK		12
#define EXT2_DIND_BLOCK		13
#define EXT2_TIND_BLOCK		14
#define EXT2_N_BLOCKS		15

/* s_state */
#define EXT2_VALID_FS		0x1	/* cleanly unmounted */
#define EXT2_ERROR_FS		0x2

/* Features: what pinos understands. Anything else refuses the mount. */
#define EXT2_FEATURE_INCOMPAT_FILETYPE		0x0002
#define EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER	0x0001
#define EXT2_FEATURE_RO_COMPAT_LARGE_FILE	0x0002
#define EXT2_INCOMPAT_SUPP	EXT2_FEATURE_INCOMPAT_FILETYPE
#define EXT2_RO_COMPAT_SUPP	(EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER | \
				 EXT2_FEATURE_RO_COMPAT_LARGE_FILE)

/* i_flags */
#define EXT2_INDEX_FL		0x00001000	/* hashed directory */

/* Directory entry file types (feature "filetype"). */
enum {
	EXT2_FT_UNKNOWN, EXT2_FT_REG_FILE, EXT2_FT_DIR, EXT2_FT_CHRDEV,
	EXT2_FT_BLKDEV, EXT2_FT_FIFO, EXT2_FT_SOCK, EXT2_FT_SYMLINK,
	EXT2_FT_MAX
};

struct ext2_super_block {
	u32 s_inodes_count;
	u32 s_blocks_count;
	u32 s_r_blocks_count;
	u32 s_free_blocks_count;
	u32 s_free_inodes_count;
	u32 s_first_data_block;
	u32 s_log_block_size;
	u32 s_log_frag_size;
	u32 s_blocks_per_group;
	u32 s_frags_per_group;
	u32 s_inodes_per_group;
	u32 s_mtime;
	u32 s_wtime;
	u16 s_mnt_count;
	s16 s_max_mnt_count;
	u16 s_magic;
	u16 s_state;
	u16 s_errors;
	u16 s_minor_rev_level;
	u32 s_lastcheck;
	u32 s_checkinterval;
	u32 s_creator_os;
	u32 s_rev_level;
	u16 s_def_resuid;
	u16 s_def_resgid;
	/* EXT2_DYNAMIC_REV only: */
	u32 s_first_ino;
	u16 s_inode_size;
	u16 s_block_group_nr;
	u32 s_feature_compat;
	u32 s_feature_incompat;
	u32 s_feature_ro_compat;
	u8 s_uuid[16];
	char s_volume_name[16];
	char s_last_mounted[64];
	u32 s_algorithm_usage_bitmap;
	u8 s_rest[1024 - 204];		/* not used by pinos, kept as is */
} __attribute__((packed));
static_assert(sizeof(struct ext2_super_block) == 1024, "ext2 superblock");
static_assert(offsetof(struct ext2_super_block, s_magic) == 56, "s_magic");
static_assert(offsetof(struct ext2_super_block, s_first_ino) == 84, "ino");
static_assert(offsetof(struct ext2_super_block, s_uuid) == 104, "s_uuid");

struct ext2_group_desc {
	u32 bg_block_bitmap;
	u32 bg_inode_bitmap;
	u32 bg_inode_table;
	u16 bg_free_blocks_count;
	u16 bg_free_inodes_count;
	u16 bg_used_dirs_count;
	u16 bg_pad;
	u32 bg_reserved[3];
} __attribute__((packed));
static_assert(sizeof(struct ext2_group_desc) == 32, "ext2 group desc");

struct ext2_inode {
	u16 i_mode;
	u16 i_uid;
	u32 i_size;
	u32 i_atime;
	u32 i_ctime;
	u32 i_mtime;
	u32 i_dtime;
	u16 i_gid;
	u16 i_links_count;
	u32 i_blocks;		/* 512-byte units, indirect blocks included */
	u32 i_flags;
	u32 i_osd1;
	u32 i_block[EXT2_N_BLOCKS];
	u32 i_generation;
	u32 i_file_acl;
	u32 i_size_high;	/* regular files; i_dir_acl for directories */
	u32 i_faddr;
	u8 l_i_frag, l_i_fsize;
	u16 i_pad1;
	u16 l_i_uid_high;
	u16 l_i_gid_high;
	u32 l_i_reserved2;
} __attribute__((packed));
static_assert(sizeof(struct ext2_inode) == 128, "ext2 inode");
static_assert(offsetof(struct ext2_inode, i_block) == 40, "i_block");

struct ext2_dir_entry_2 {
	u32 inode;		/* 0: unused entry */
	u16 rec_len;		/* bytes to the next entry */
	u8 name_len;
	u8 file_type;		/* EXT2_FT_* */
	char name[];
} __attribute__((packed));

/* The space an entry with a @len-byte name needs: 8 + name, 4-aligned. */
#define EXT2_DIR_REC_LEN(len) (((len) + 8 + 3) & ~3)

/*
 * ---- The buffer cache (buffer.c) ----
 *
 * Metadata blocks (superblock, descriptors, bitmaps, inode tables,
 * indirect blocks, directories, slow symlinks) are read into buffers
 * kept per filesystem and written back when dirty: by ext2_sync_buffers()
 * (sync, fsync, ->write_inode, unmount) or when the cache is full. File
 * data never goes through here: it lives in the page cache.
 */
enum { BH_Uptodate, BH_Dirty };

struct ext2_bcache;

struct buffer_head {
	struct list_head b_lru;		/* cache LRU, most recent first */
	struct list_head b_hash;	/* hash chain */
	struct ext2_bcache *b_cache;	/* the cache it is in */
	u32 b_blocknr;
	int b_count;			/* references; under the cache lock */
	unsigned long b_state;		/* BH_* bits, atomic */
	char *b_data;			/* one block */
	struct mutex b_io;		/* serializes reading it in */
};

#define EXT2_BH_HASH 256

struct ext2_bcache {
	spinlock_t lock;
	struct list_head lru;
	struct list_head hash[EXT2_BH_HASH];
	unsigned int nr, max;
};

struct buffer_head *sb_bread(struct super_block *sb, u32 block);
struct buffer_head *sb_getblk_zero(struct super_block *sb, u32 block);
void brelse(struct buffer_head *bh);
void mark_buffer_dirty(struct buffer_head *bh);
void bforget(struct super_block *sb, u32 block);
int ext2_sync_buffers(struct super_block *sb);
int ext2_bcache_init(struct super_block *sb);
void ext2_bcache_destroy(struct super_block *sb);

/* ---- In-memory superblock (super.c) ---- */

struct ext2_sb_info {
	struct block_device *s_bdev;
	struct super_block *s_sb;
	unsigned int s_blocksize;
	unsigned int s_blocksize_bits;
	unsigned int s_addr_per_block_bits;	/* log2(block pointers/block) */
	u32 s_blocks_count, s_inodes_count, s_first_data_block;
	u32 s_blocks_per_group, s_inodes_per_group, s_groups_count;
	u32 s_inode_size, s_first_ino, s_itb_per_group, s_gdb_count;
	u32 s_desc_per_block;
	u32 s_feature_incompat, s_feature_ro_compat;
	loff_t s_maxbytes;
	struct buffer_head *s_sbh;	/* holds the superblock */
	struct ext2_super_block *s_es;	/* inside s_sbh */
	struct buffer_head **s_group_desc;	/* s_gdb_count buffers */
	struct mutex s_alloc_lock;
	spinlock_t s_itable_lock;
	struct ext2_bcache s_bcache;
	/* In-memory inodes by number, so a file has one inode. */
	spinlock_t s_icache_lock;
	struct list_head s_icache;
	struct mutex s_iget_mutex;
	struct backing_dev_info s_bdi;
	u16 s_mount_state;		/* s_state found at mount */
	int s_active;			/* mounts of this superblock */
	struct list_head s_mounted;	/* on the list of mounted ext2s */
	u32 s_next_generation;
};

static inline struct ext2_sb_info *
EXT2_SB(struct super_block *sb)
{
	return sb->s_fs_info;
}

/* Geometry checks, exported for the tests: 0 or -EUCLEAN/-EINVAL. */
int ext2_validate_super(const struct ext2_super_block *es, u64 dev_bytes,
			struct ext2_sb_info *sbi);
int ext2_check_descriptors(const struct ext2_sb_info *sbi,
			   const struct ext2_group_desc *gd, u32 g0, u32 count);
struct ext2_group_desc *ext2_get_group_desc(struct super_block *sb, u32 g,
					    struct buffer_head **bhp);
bool ext2_group_has_super(const struct ext2_sb_info *sbi, u32 g);
u32 ext2_group_first_block(const struct ext2_sb_info *sbi, u32 g);
u32 ext2_group_nr_blocks(const struct ext2_sb_info *sbi, u32 g);
void ext2_sb_dirty(struct super_block *sb);
int ext2_sync_fs(struct super_block *sb, int wait);
extern struct file_system_type ext2_fs_type;

/* ---- In-memory inode (inode.c) ---- */

struct ext2_inode_info {
	u32 i_data[EXT2_N_BLOCKS];	/* block map root; truncate_mutex */
	u32 i_flags;
	u32 i_dtime;
	u32 i_file_acl;
	u32 i_generation;
	u32 i_block_group;
	u32 i_alloc_goal;		/* next block to try; truncate_mutex */
	bool i_freeing;			/* being evicted; not to be found */
	bool i_bad;			/* never read: evict writes nothing */
	char *i_link;			/* symlink target */
	struct mutex truncate_mutex;
	struct list_head i_hash;	/* sbi->s_icache */
	struct inode vfs_inode;
};

static inline struct ext2_inode_info *
EXT2_I(struct inode *inode)
{
	return container_of(inode, struct ext2_inode_info, vfs_inode);
}

struct inode *ext2_iget(struct super_block *sb, unsigned long ino);
struct inode *ext2_alloc_inode(struct super_block *sb);
void ext2_destroy_inode(struct inode *inode);
void ext2_evict_inode(struct inode *inode);
int ext2_write_inode(struct inode *inode, int sync);
void ext2_update_inode(struct inode *inode);
void ext2_mark_inode_dirty(struct inode *inode);
void ext2_set_inode_ops(struct inode *inode);
void ext2_icache_insert(struct inode *inode);
int ext2_sync_inodes(struct super_block *sb, bool wait);
bool ext2_ino_valid(const struct ext2_sb_info *sbi, unsigned long ino);

/* ---- Allocation (balloc.c, ialloc.c) ---- */

u32 ext2_new_block(struct inode *inode, u32 goal, int *err);
void ext2_free_blocks(struct inode *inode, u32 block, u32 count);
bool ext2_block_valid(struct super_block *sb, u32 block);
u32 ext2_count_free_blocks(struct super_block *sb);
u32 ext2_find_zero_bit(const u8 *map, u32 size, u32 start);
struct inode *ext2_new_inode(struct inode *dir, mode_t mode);
void ext2_free_inode(struct inode *inode);

/* ---- Block map (bmap.c, truncate.c) ---- */

/* Map logical @iblock; truncate_mutex held. *pblk 0 means a hole. */
int ext2_get_block(struct inode *inode, u64 iblock, bool create, u32 *pblk,
		   bool *new);
u32 ext2_bmap(struct inode *inode, u64 iblock);
int ext2_alloc_folio_blocks(struct inode *inode, struct folio *folio,
			    loff_t end, unsigned long *fresh);
int ext2_truncate_blocks(struct inode *inode, loff_t size);
int ext2_setsize(struct inode *inode, loff_t size);
int ext2_extend(struct inode *inode, loff_t old, loff_t new);
int ext2_shrink(struct inode *inode, loff_t size);
int ext2_zero_block(struct super_block *sb, u32 block, unsigned int from);

/* ---- Data I/O (aops.c, file.c) ---- */

/*
 * folio->private of an ext2 page-cache folio: one bit per block of the
 * folio that was dirtied (Linux's buffer_dirty): by ->write_end (the
 * bytes written, and blocks ->write_begin allocated), ->page_mkwrite
 * (every block inside i_size), or -- every block -- by anyone else
 * dirtying the folio (->dirty_folio, as Linux's block_dirty_folio).
 * ->writepage writes the mapped blocks inside i_size; one inside i_size
 * without a disk block is the violation if its bit is set or it holds
 * data. Bits of blocks past the end are forgotten when the end moves.
 * EXT2_FOLIO_REDIRTY: a failed write is re-dirtying the folio; keep
 * the bits as they are. Updated with atomic operations.
 */
#define EXT2_FOLIO_REDIRTY (1UL << 63)
unsigned long ext2_block_mask(struct inode *inode, struct folio *folio,
			      loff_t from, loff_t to);
void ext2_folio_dirty_blocks(struct folio *folio, unsigned long mask);
void ext2_folio_forget_blocks(struct folio *folio, unsigned long mask);

int ext2_fill_folio(struct inode *inode, struct folio *folio);
extern const struct address_space_operations ext2_aops;
extern const struct file_operations ext2_file_operations;
extern const struct inode_operations ext2_file_inode_operations;
extern const struct vm_operations_struct ext2_file_vm_ops;
vm_fault_t ext2_page_mkwrite(struct vm_fault *vmf);

/* ---- Directories (dir.c, namei.c) ---- */

int ext2_find_entry(struct inode *dir, const char *name, int len,
		    struct buffer_head **bhp, unsigned int *offp, u32 *ino);
int ext2_dotdot(struct inode *dir, struct buffer_head **bhp,
		unsigned int *offp);
int ext2_add_link(struct inode *dir, const char *name, int len,
		  struct inode *inode);
int ext2_delete_entry(struct inode *dir, struct buffer_head *bh,
		      unsigned int off);
void ext2_set_link(struct inode *dir, struct buffer_head *bh,
		   unsigned int off, struct inode *inode);
int ext2_make_empty(struct inode *inode, struct inode *parent);
int ext2_empty_dir(struct inode *inode);
int ext2_check_dir_block(struct inode *dir, const char *data, u32 n);
struct buffer_head *ext2_dir_bread(struct inode *dir, u32 n);
extern const struct file_operations ext2_dir_operations;
extern const struct inode_operations ext2_dir_inode_operations;
extern const struct inode_operations ext2_symlink_inode_operations;

#endif
