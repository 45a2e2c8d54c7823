export * from './version-control.js';
