/* The seed model: the NFS client (fs/nfs/internal.h, pagelist.c, localio.c). */
#ifndef SEED_NFS_H
#define SEED_NFS_H
#include <linux/fs.h>
#include <linux/workqueue.h>
#include <linux/writeback.h>

struct nfs_pageio_descriptor;

struct nfs_pageio_ops {
	void (*pg_init)(struct nfs_pageio_descriptor *);
	int (*pg_doio)(struct nfs_pageio_descriptor *);
};

struct nfs_pgio_header {
	struct file *localio;		/* the server's file, when local */
	struct inode *inode;
};

struct nfs_pageio_descriptor {
	const struct nfs_pageio_ops *pg_ops;
	struct nfs_pgio_header hdr;
};

struct nfs_local_kiocb {
	struct kiocb kiocb;
	struct work_struct work;
	struct nfs_pgio_header *hdr;
};

extern struct workqueue_struct *nfsiod_workqueue;
extern struct workqueue_struct *nfslocaliod_workqueue;

void nfs_pageio_complete(struct nfs_pageio_descriptor *desc);
int nfs_generic_pg_pgios(struct nfs_pageio_descriptor *desc);
int nfs_initiate_pgio(struct nfs_pgio_header *hdr);
int nfs_local_doio(struct nfs_pgio_header *hdr);
int nfs_writepages(struct address_space *mapping, struct writeback_control *wbc);
#endif
