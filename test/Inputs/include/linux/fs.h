/* Mock of Linux 6.12 include/linux/fs.h: only the structs and op tables
 * that wqdep follows indirect calls through (a_ops->writepages,
 * f_op->write_iter, ...). Member names and signatures are 6.12's; most
 * members are left out. */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H

#include <linux/kernel.h>
#include <linux/types.h>

struct address_space;
struct address_space_operations;
struct backing_dev_info;
struct file;
struct file_operations;
struct folio;
struct inode;
struct iov_iter;		/* <linux/uio.h>; opaque here */
struct kiocb;
struct module;
struct page;
struct readahead_control;
struct super_block;
struct vm_area_struct;
struct writeback_control;

typedef void *fl_owner_t;

struct super_block {
	struct list_head	s_list;
	unsigned long		s_flags;
	struct backing_dev_info	*s_bdi;
	char			s_id[32];
	void			*s_fs_info;
};

struct address_space {
	struct inode		*host;
	unsigned long		nrpages;
	const struct address_space_operations *a_ops;
	unsigned long		flags;
	void			*i_private_data;
};

struct inode {
	unsigned short		i_mode;
	unsigned int		i_flags;
	struct super_block	*i_sb;
	struct address_space	*i_mapping;
	unsigned long		i_ino;
	loff_t			i_size;
	const struct file_operations	*i_fop;
	struct address_space	i_data;
	void			*i_private;
};

struct file {
	unsigned int			f_flags;
	fmode_t				f_mode;
	const struct file_operations	*f_op;
	struct address_space		*f_mapping;
	void				*private_data;
	struct inode			*f_inode;
	loff_t				f_pos;
};

static inline struct inode *file_inode(const struct file *f)
{
	return f->f_inode;
}

struct kiocb {
	struct file		*ki_filp;
	loff_t			ki_pos;
	void (*ki_complete)(struct kiocb *iocb, long ret);
	void			*private;
	int			ki_flags;
	u16			ki_ioprio; /* See linux/ioprio.h */
};

struct address_space_operations {
	int (*writepage)(struct page *page, struct writeback_control *wbc);
	int (*read_folio)(struct file *, struct folio *);

	/* Write back some dirty pages from this mapping. */
	int (*writepages)(struct address_space *, struct writeback_control *);

	/* Mark a folio dirty.  Return true if this dirtied it */
	bool (*dirty_folio)(struct address_space *, struct folio *);

	void (*readahead)(struct readahead_control *);

	int (*write_begin)(struct file *, struct address_space *mapping,
				loff_t pos, unsigned len,
				struct folio **foliop, void **fsdata);
	int (*write_end)(struct file *, struct address_space *mapping,
				loff_t pos, unsigned len, unsigned copied,
				struct folio *folio, void *fsdata);

	sector_t (*bmap)(struct address_space *, sector_t);
	void (*invalidate_folio) (struct folio *, size_t offset, size_t len);
	bool (*release_folio)(struct folio *, gfp_t);
	void (*free_folio)(struct folio *folio);
	ssize_t (*direct_IO)(struct kiocb *, struct iov_iter *iter);
	int (*launder_folio)(struct folio *);
	int (*swap_rw)(struct kiocb *iocb, struct iov_iter *iter);
};

struct file_operations {
	struct module *owner;
	loff_t (*llseek) (struct file *, loff_t, int);
	ssize_t (*read) (struct file *, char __user *, size_t, loff_t *);
	ssize_t (*write) (struct file *, const char __user *, size_t, loff_t *);
	ssize_t (*read_iter) (struct kiocb *, struct iov_iter *);
	ssize_t (*write_iter) (struct kiocb *, struct iov_iter *);
	long (*unlocked_ioctl) (struct file *, unsigned int, unsigned long);
	int (*mmap) (struct file *, struct vm_area_struct *);
	int (*open) (struct inode *, struct file *);
	int (*flush) (struct file *, fl_owner_t id);
	int (*release) (struct inode *, struct file *);
	int (*fsync) (struct file *, loff_t, loff_t, int datasync);
	long (*fallocate)(struct file *file, int mode, loff_t offset,
			  loff_t len);
};

extern ssize_t vfs_iter_read(struct file *file, struct iov_iter *iter, loff_t *ppos,
		rwf_t flags);
extern ssize_t vfs_iter_write(struct file *file, struct iov_iter *iter, loff_t *ppos,
		rwf_t flags);
extern ssize_t kernel_write(struct file *, const void *, size_t, loff_t *);
extern ssize_t kernel_read(struct file *, void *, size_t, loff_t *);
extern int vfs_fsync_range(struct file *file, loff_t start, loff_t end,
			   int datasync);
extern int vfs_fsync(struct file *file, int datasync);

extern int filemap_fdatawrite(struct address_space *);
extern int filemap_write_and_wait_range(struct address_space *mapping,
					loff_t lstart, loff_t lend);
extern int sync_inode_metadata(struct inode *inode, int wait);

#endif /* _LINUX_FS_H */
