// The seed model of fs/nfs/write.c and file.c: nfs_writepages is the
// writepages of NFS files, and NFS I/O goes through pg_ops->pg_doio.
#include <seed/nfs.h>

struct workqueue_struct *nfsiod_workqueue;

static const struct nfs_pageio_ops nfs_pgio_rw_ops = {
	.pg_doio = nfs_generic_pg_pgios,
};

const struct address_space_operations nfs_file_aops = {
	.writepages = nfs_writepages,
};

int nfsiod_start(void)
{
	nfsiod_workqueue = alloc_workqueue("nfsiod", WQ_MEM_RECLAIM | WQ_UNBOUND, 0);
	return nfsiod_workqueue ? 0 : -1;
}

int nfs_writepages(struct address_space *mapping, struct writeback_control *wbc)
{
	struct nfs_pageio_descriptor pgio = { .pg_ops = &nfs_pgio_rw_ops };

	pgio.hdr.inode = mapping->host;
	nfs_pageio_complete(&pgio);
	return 0;
}
