import { SovereignError } from '../../core/index.js';
import { GL, type GlFunctions } from './gl.js';

/**
 * A shader program that draws one texture over the whole viewport with a
 * single triangle generated from gl_VertexID (no vertex buffers). Texture
 * row 0 is the top of the image, as CanvasKit writes it.
 */
const VERTEX_BODY = `
out vec2 uv;
void main() {
  vec2 corner = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
  // Screen top (corner.y == 1) samples texture row 0.
  uv = vec2(corner.x, 1.0 - corner.y);
  gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
}
`;

const FRAGMENT_BODY = `
in vec2 uv;
uniform sampler2D frame;
out vec4 colour;
void main() {
  colour = texture(frame, uv);
}
`;

/** GLSL ES 3.00 for GLES contexts, GLSL 1.50 for desktop core contexts (GTK asks for 3.2+). */
export function shaderHeader(useEs: boolean): string {
  return useEs ? '#version 300 es\nprecision mediump float;\n' : '#version 150\n';
}

export interface BlitProgram {
  program: number;
  vertexArray: number;
  dispose(): void;
}

export function createBlitProgram(gl: GlFunctions, useEs: boolean): BlitProgram {
  const header = shaderHeader(useEs);
  const vertex = compile(gl, GL.VERTEX_SHADER, header + VERTEX_BODY);
  const fragment = compile(gl, GL.FRAGMENT_SHADER, header + FRAGMENT_BODY);
  const program = gl.createProgram();
  gl.attachShader(program, vertex);
  gl.attachShader(program, fragment);
  gl.linkProgram(program);
  gl.deleteShader(vertex);
  gl.deleteShader(fragment);
  if (!gl.getProgramiv(program, GL.LINK_STATUS)) {
    const message = gl.getProgramInfoLog(program);
    gl.deleteProgram(program);
    throw new SovereignError('unsupported', `the canvas shader did not link: ${message}`);
  }
  gl.useProgram(program);
  gl.uniform1i(gl.getUniformLocation(program, 'frame'), 0);
  const vertexArray = gl.genVertexArray();
  return {
    program,
    vertexArray,
    dispose: () => {
      gl.deleteVertexArray(vertexArray);
      gl.deleteProgram(program);
    },
  };
}

function compile(gl: GlFunctions, kind: number, source: string): number {
  const shader = gl.createShader(kind);
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderiv(shader, GL.COMPILE_STATUS)) {
    const message = gl.getShaderInfoLog(shader);
    gl.deleteShader(shader);
    throw new SovereignError('unsupported', `the canvas shader did not compile: ${message}`);
  }
  return shader;
}
