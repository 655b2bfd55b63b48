#include "dev.h"

struct workqueue_struct *dev_reclaim_wq;
/* Static: its key carries this file's name, relative to the source root in
 * fingerprints. */
static struct workqueue_struct *dev_plain_wq;

void dev_setup(struct dev *d)
{
	dev_reclaim_wq = alloc_workqueue("dev-reclaim", WQ_MEM_RECLAIM, 0);
	dev_plain_wq = alloc_workqueue("dev-plain", WQ_UNBOUND, 0);
	INIT_WORK(&d->reclaim_work, dev_reclaim_fn);
	INIT_WORK(&d->plain_work, dev_plain_fn);
	queue_work(dev_reclaim_wq, &d->reclaim_work);
	queue_work(dev_plain_wq, &d->plain_work);
}
