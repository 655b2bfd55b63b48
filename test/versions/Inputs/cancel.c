#include <linux/workqueue.h>

struct workqueue_struct *reclaim_wq, *plain_wq;
struct dev { struct work_struct r, p; struct delayed_work dp; } *dev;
static void plain_fn(struct work_struct *w) {}

static void reclaim_fn(struct work_struct *w)
{
	cancel_work_sync(&dev->p);
	cancel_delayed_work_sync(&dev->dp);
}

void init(void)
{
	reclaim_wq = alloc_workqueue("reclaim", WQ_MEM_RECLAIM, 0);
	plain_wq = alloc_workqueue("plain", 0, 0);
	INIT_WORK(&dev->r, reclaim_fn);
	INIT_WORK(&dev->p, plain_fn);
	INIT_DELAYED_WORK(&dev->dp, plain_fn);
	queue_work(reclaim_wq, &dev->r);
	queue_work(plain_wq, &dev->p);
	queue_delayed_work(plain_wq, &dev->dp, 1);
}
