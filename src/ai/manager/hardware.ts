import fs from 'node:fs';
import os from 'node:os';
import { availableMemoryBytes } from '../registry/memory-watchdog.js';

/**
 * What this machine offers a local model: memory, CPU vector extensions
 * (llama.cpp's speed on a CPU depends on AVX2/AVX-512) and whether a GPU
 * device is present. Read from the system, without loading any model.
 */
export interface Hardware {
  totalMemoryBytes: number;
  availableMemoryBytes: number;
  cpuModel: string;
  cpuCores: number;
  cpuFeatures: string[];
  gpu: { available: boolean; devices: string[] };
}

const INTERESTING_FLAGS = ['sse4_2', 'avx', 'avx2', 'fma', 'f16c', 'avx512f', 'avx512_vnni', 'avx_vnni', 'amx_tile', 'neon', 'asimd'];

function cpuFlags(): string[] {
  try {
    const text = fs.readFileSync('/proc/cpuinfo', 'utf8');
    const line = /^(?:flags|Features)\s*:\s*(.*)$/m.exec(text);
    const flags = new Set((line?.[1] ?? '').split(/\s+/));
    return INTERESTING_FLAGS.filter((flag) => flags.has(flag));
  } catch {
    return [];
  }
}

function gpuDevices(): string[] {
  const devices: string[] = [];
  if (fs.existsSync('/dev/nvidiactl') || fs.existsSync('/proc/driver/nvidia')) devices.push('nvidia');
  if (fs.existsSync('/dev/kfd')) devices.push('amd-rocm');
  try {
    if (fs.readdirSync('/dev/dri').some((entry) => entry.startsWith('renderD'))) devices.push('dri-render-node');
  } catch {
    // No /dev/dri: no DRM GPU.
  }
  return devices;
}

export function detectHardware(): Hardware {
  const cpus = os.cpus();
  const devices = gpuDevices();
  return {
    totalMemoryBytes: os.totalmem(),
    availableMemoryBytes: availableMemoryBytes(),
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpuCores: os.availableParallelism(),
    cpuFeatures: cpuFlags(),
    gpu: { available: devices.length > 0, devices },
  };
}
