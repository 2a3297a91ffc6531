// Browser entry of the chat view. (Filled in by the chat view.)
export {};
