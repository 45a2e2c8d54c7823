import koffi, { type LibraryHandle } from 'koffi';

type KoffiFunction = ReturnType<LibraryHandle['func']>;
import { SovereignError } from '../../core/index.js';

/**
 * The handful of OpenGL entry points the canvas needs, bound with koffi from
 * libOpenGL (the GL that GTK's GLArea context is made current on). Pixel
 * arrays are passed as typed-array views, which koffi hands to C without
 * copying: a view over the CanvasKit WASM heap goes straight to the driver.
 */
export const GL = {
  TEXTURE_2D: 0x0de1,
  TEXTURE_MIN_FILTER: 0x2801,
  TEXTURE_MAG_FILTER: 0x2800,
  TEXTURE_WRAP_S: 0x2802,
  TEXTURE_WRAP_T: 0x2803,
  NEAREST: 0x2600,
  LINEAR: 0x2601,
  CLAMP_TO_EDGE: 0x812f,
  RGBA: 0x1908,
  RGBA8: 0x8058,
  UNSIGNED_BYTE: 0x1401,
  UNPACK_ALIGNMENT: 0x0cf5,
  UNPACK_ROW_LENGTH: 0x0cf2,
  FRAGMENT_SHADER: 0x8b30,
  VERTEX_SHADER: 0x8b31,
  COMPILE_STATUS: 0x8b81,
  LINK_STATUS: 0x8b82,
  TRIANGLES: 0x0004,
  TEXTURE0: 0x84c0,
  COLOR_BUFFER_BIT: 0x4000,
  BLEND: 0x0be2,
  RENDERER: 0x1f01,
} as const;

export interface GlFunctions {
  genTexture(): number;
  deleteTexture(id: number): void;
  bindTexture(target: number, id: number): void;
  texParameteri(target: number, name: number, value: number): void;
  texImage2D(target: number, level: number, internal: number, w: number, h: number, border: number, format: number, type: number, pixels: Uint8Array | null): void;
  texSubImage2D(target: number, level: number, x: number, y: number, w: number, h: number, format: number, type: number, pixels: Uint8Array): void;
  pixelStorei(name: number, value: number): void;
  activeTexture(unit: number): void;
  createShader(kind: number): number;
  shaderSource(shader: number, source: string): void;
  compileShader(shader: number): void;
  getShaderiv(shader: number, name: number): number;
  getShaderInfoLog(shader: number): string;
  deleteShader(shader: number): void;
  createProgram(): number;
  attachShader(program: number, shader: number): void;
  linkProgram(program: number): void;
  getProgramiv(program: number, name: number): number;
  getProgramInfoLog(program: number): string;
  useProgram(program: number): void;
  deleteProgram(program: number): void;
  getUniformLocation(program: number, name: string): number;
  uniform1i(location: number, value: number): void;
  genVertexArray(): number;
  bindVertexArray(id: number): void;
  deleteVertexArray(id: number): void;
  drawArrays(mode: number, first: number, count: number): void;
  viewport(x: number, y: number, w: number, h: number): void;
  disable(cap: number): void;
  clearColor(r: number, g: number, b: number, a: number): void;
  clear(mask: number): void;
  getError(): number;
  /** glGetString: the driver's name for itself (GL.RENDERER) and the like; null without a current context. */
  getString(name: number): string | null;
}

let bound: GlFunctions | undefined;

/** Binds libOpenGL once; throws 'unsupported' when it cannot be loaded. */
export function loadGl(): GlFunctions {
  if (bound) return bound;
  let lib: LibraryHandle;
  try {
    lib = koffi.load('libOpenGL.so.0');
  } catch (error) {
    throw new SovereignError('unsupported', 'OpenGL (libOpenGL.so.0) is not available', { cause: error });
  }
  const fn = (signature: string) => lib.func(signature);
  const genTextures = fn('void glGenTextures(int n, _Out_ uint32_t *ids)');
  const deleteTextures = fn('void glDeleteTextures(int n, const uint32_t *ids)');
  const genVertexArrays = fn('void glGenVertexArrays(int n, _Out_ uint32_t *ids)');
  const deleteVertexArrays = fn('void glDeleteVertexArrays(int n, const uint32_t *ids)');
  const shaderSource = fn('void glShaderSource(uint32_t shader, int count, const char **sources, const int *lengths)');
  const getShaderiv = fn('void glGetShaderiv(uint32_t shader, uint32_t name, _Out_ int *value)');
  const getProgramiv = fn('void glGetProgramiv(uint32_t program, uint32_t name, _Out_ int *value)');
  const getShaderInfoLog = fn('void glGetShaderInfoLog(uint32_t shader, int size, _Out_ int *length, _Out_ uint8_t *log)');
  const getProgramInfoLog = fn('void glGetProgramInfoLog(uint32_t program, int size, _Out_ int *length, _Out_ uint8_t *log)');
  const one = (f: KoffiFunction) => (id: number) => {
    const ids = new Uint32Array(1);
    ids[0] = id;
    f(1, ids);
  };
  const gen = (f: KoffiFunction) => () => {
    const ids = new Uint32Array(1);
    f(1, ids);
    return ids[0]!;
  };
  const iv = (f: KoffiFunction) => (object: number, name: number) => {
    const out = new Int32Array(1);
    f(object, name, out);
    return out[0]!;
  };
  const infoLog = (f: KoffiFunction) => (object: number) => {
    const bytes = new Uint8Array(4096);
    const length = new Int32Array(1);
    f(object, bytes.length, length, bytes);
    return Buffer.from(bytes.subarray(0, length[0]!)).toString('utf8');
  };
  bound = {
    genTexture: gen(genTextures),
    deleteTexture: one(deleteTextures),
    bindTexture: fn('void glBindTexture(uint32_t target, uint32_t id)'),
    texParameteri: fn('void glTexParameteri(uint32_t target, uint32_t name, int value)'),
    texImage2D: fn('void glTexImage2D(uint32_t target, int level, int internal, int w, int h, int border, uint32_t format, uint32_t type, const void *pixels)'),
    texSubImage2D: fn('void glTexSubImage2D(uint32_t target, int level, int x, int y, int w, int h, uint32_t format, uint32_t type, const void *pixels)'),
    pixelStorei: fn('void glPixelStorei(uint32_t name, int value)'),
    activeTexture: fn('void glActiveTexture(uint32_t unit)'),
    createShader: fn('uint32_t glCreateShader(uint32_t kind)'),
    shaderSource: (shader, source) => shaderSource(shader, 1, [source], null),
    compileShader: fn('void glCompileShader(uint32_t shader)'),
    getShaderiv: iv(getShaderiv),
    getShaderInfoLog: infoLog(getShaderInfoLog),
    deleteShader: fn('void glDeleteShader(uint32_t shader)'),
    createProgram: fn('uint32_t glCreateProgram()'),
    attachShader: fn('void glAttachShader(uint32_t program, uint32_t shader)'),
    linkProgram: fn('void glLinkProgram(uint32_t program)'),
    getProgramiv: iv(getProgramiv),
    getProgramInfoLog: infoLog(getProgramInfoLog),
    useProgram: fn('void glUseProgram(uint32_t program)'),
    deleteProgram: fn('void glDeleteProgram(uint32_t program)'),
    getUniformLocation: fn('int glGetUniformLocation(uint32_t program, const char *name)'),
    uniform1i: fn('void glUniform1i(int location, int value)'),
    genVertexArray: gen(genVertexArrays),
    bindVertexArray: fn('void glBindVertexArray(uint32_t id)'),
    deleteVertexArray: one(deleteVertexArrays),
    drawArrays: fn('void glDrawArrays(uint32_t mode, int first, int count)'),
    viewport: fn('void glViewport(int x, int y, int w, int h)'),
    disable: fn('void glDisable(uint32_t cap)'),
    clearColor: fn('void glClearColor(float r, float g, float b, float a)'),
    clear: fn('void glClear(uint32_t mask)'),
    getError: fn('uint32_t glGetError()'),
    getString: fn('const char *glGetString(uint32_t name)'),
  };
  return bound;
}
