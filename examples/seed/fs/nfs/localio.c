// The seed model of fs/nfs/localio.c. As first written, localio called the
// server filesystem's write_iter directly from the writeback worker. With
// -DSEED_FIXED it is the released 6.12 shape: the write is queued on
// nfslocaliod_workqueue, which has no WQ_MEM_RECLAIM, so wb_workfn never
// calls write_iter itself.
#include <seed/nfs.h>

struct workqueue_struct *nfslocaliod_workqueue;

int nfs_local_init(void)
{
	nfslocaliod_workqueue = alloc_workqueue("nfslocaliod", WQ_UNBOUND, 0);
	return nfslocaliod_workqueue ? 0 : -1;
}

static void nfs_do_local_write(struct nfs_local_kiocb *iocb)
{
	struct file *filp = iocb->kiocb.ki_filp;
	ssize_t (*write_iter)(struct kiocb *, struct iov_iter *) =
		filp->f_op->write_iter;

	write_iter(&iocb->kiocb, NULL);
}

static void nfs_local_call_write(struct work_struct *work)
{
	struct nfs_local_kiocb *iocb =
		container_of(work, struct nfs_local_kiocb, work);

	nfs_do_local_write(iocb);
}

int nfs_local_doio(struct nfs_pgio_header *hdr)
{
	static struct nfs_local_kiocb iocb;

	iocb.kiocb.ki_filp = hdr->localio;
	iocb.hdr = hdr;
#ifdef SEED_FIXED
	INIT_WORK(&iocb.work, nfs_local_call_write);
	queue_work(nfslocaliod_workqueue, &iocb.work);
#else
	(void)nfs_local_call_write;
	nfs_do_local_write(&iocb);
#endif
	return 0;
}
