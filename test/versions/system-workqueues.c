// RUN: rm -rf %t && %gen-compdb -o %t/612 %s && %gen-compdb-6.1 -o %t/61 %s
// RUN: %expect-exit 0 %wqdep -p %t/612 --no-db --format=json %s | FileCheck %s --check-prefix=V612
// RUN: %expect-exit 0 %wqdep -p %t/61 --no-db --format=json %s | FileCheck %s --check-prefix=V61
//
// Without kernel/workqueue.c in the database, wqdep adds the system
// workqueues itself: those the tree's workqueue.h declares. 6.12 declares
// eleven (system_percpu_wq, system_dfl_wq and the two BH ones are new), 6.1
// seven; a workqueue the tree does not have is never a target.
// V612: "workqueues": 11,
// V61: "workqueues": 7,
#include <linux/workqueue.h>

void nothing(void) {}
