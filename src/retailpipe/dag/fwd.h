// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace retailpipe::dag {

class DagRunner;
struct DagRun;
struct DagRunSummary;
struct DagSpec;
class RunStore;
struct TaskContext;
struct TaskInstance;
struct TaskOutcome;
class TaskRegistry;
struct TaskSpec;
struct TaskTry;

}  // namespace retailpipe::dag
