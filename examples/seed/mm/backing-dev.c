// The seed model of mm/backing-dev.c (Linux 6.12): the writeback workqueue
// has WQ_MEM_RECLAIM, and wb->dwork runs wb_workfn on it.
#include <seed/backing-dev.h>

struct workqueue_struct *bdi_wq;

int default_bdi_init(void)
{
	bdi_wq = alloc_workqueue("writeback", WQ_MEM_RECLAIM | WQ_UNBOUND |
				 WQ_SYSFS, 0);
	if (!bdi_wq)
		return -1;
	return 0;
}

int wb_init(struct bdi_writeback *wb)
{
	INIT_LIST_HEAD(&wb->b_io);
	INIT_DELAYED_WORK(&wb->dwork, wb_workfn);
	return 0;
}
