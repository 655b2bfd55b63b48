// The flush of a whole workqueue, in another directory; test/html makes
// this file unreadable after the run that parses it.
#include <linux/workqueue.h>
#include "../../fs/demo/demo.h"

void demo_drain(struct demo *d)
{
	flush_workqueue(d->owq);
}
