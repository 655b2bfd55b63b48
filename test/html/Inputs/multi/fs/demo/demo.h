#include <linux/workqueue.h>

struct demo {
	struct workqueue_struct *rwa, *rwb, *pwq, *owq;
	struct work_struct ra, rb, plain_work, w0, w1;
};

void demo_drain(struct demo *d);
