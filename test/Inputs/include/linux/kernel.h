/* Mock of Linux 6.12 include/linux/kernel.h: pulls in the basic mocks. */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#include <linux/compiler.h>
#include <linux/stddef.h>
#include <linux/types.h>
#include <linux/list.h>
#include <linux/container_of.h>

/* include/linux/minmax.h */
#define swap(a, b) \
	do { typeof(a) __tmp = (a); (a) = (b); (b) = __tmp; } while (0)

#endif /* _LINUX_KERNEL_H */
