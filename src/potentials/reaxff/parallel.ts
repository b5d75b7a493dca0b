// placeholder, filled below
export {};
