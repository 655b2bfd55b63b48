#include "dev.h"

void dev_sync(struct dev *d)
{
	flush_work(&d->plain_work);
}
