// The error a replay raises for a datapath or options it cannot replay (named as the user gave them), or for a
// device or software pipeline that breaks the replay's own assumptions.

export class ReplayError extends Error {}
