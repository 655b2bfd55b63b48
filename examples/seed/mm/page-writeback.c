// The seed model of mm/page-writeback.c: the indirect call into the
// filesystem's writepages.
#include <linux/writeback.h>

int do_writepages(struct address_space *mapping, struct writeback_control *wbc)
{
	int ret = 0;

	if (mapping->a_ops->writepages)
		ret = mapping->a_ops->writepages(mapping, wbc);
	return ret;
}
