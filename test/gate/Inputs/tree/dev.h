/* A driver with one finding: dev_reclaim_fn runs on dev-reclaim
 * (WQ_MEM_RECLAIM) and, through dev_sync(), flushes plain_work, which is
 * queued on dev-plain (no WQ_MEM_RECLAIM). */
#include <linux/workqueue.h>

struct dev {
	struct work_struct reclaim_work, plain_work, other_work;
};

extern struct workqueue_struct *dev_reclaim_wq;
void dev_sync(struct dev *d);
void dev_reclaim_fn(struct work_struct *w);
void dev_plain_fn(struct work_struct *w);
