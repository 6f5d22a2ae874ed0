// Which submission queue a trace's device uses: devices take the queues in the order they first appear, wrapping
// around (device i on queue i mod queues). The replay submits each device's I/Os on its queue, and the runtime
// model's picture of the datapath puts them on the same one.

/** A device -> queue map for `queues` queues, assigning each new device the next queue in turn. */
export function deviceQueues(queues: number): (device: string) => number {
  const queueOf = new Map<string, number>();
  return (device) => {
    let q = queueOf.get(device);
    if (q === undefined) {
      q = queueOf.size % queues;
      queueOf.set(device, q);
    }
    return q;
  };
}
