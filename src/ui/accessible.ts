import type * as GtkT from 'node-gtk/types/Gtk-4.0.js';
import { GObject, Gtk } from './gi.js';

/**
 * node-gtk frees a GObject.Value made with `new GObject.Value()` with the
 * wrong allocator when it is garbage-collected (the process aborts with
 * "free(): invalid pointer"). So two values are made once and kept for the
 * life of the process; updateProperty copies what they hold.
 */
let values: [InstanceType<typeof GObject.Value>, InstanceType<typeof GObject.Value>] | undefined;

function stringValues(): [InstanceType<typeof GObject.Value>, InstanceType<typeof GObject.Value>] {
  if (!values) {
    // G_TYPE_STRING: node-gtk has it at run time; the generated types leave it out.
    const stringType = (GObject as unknown as { TYPE_STRING: bigint }).TYPE_STRING;
    const make = () => {
      const value = new GObject.Value();
      value.init(stringType);
      return value;
    };
    values = [make(), make()];
  }
  return values;
}

/** Gives a widget the name (and optionally description) that screen readers announce. */
export function setAccessibleLabel(widget: GtkT.Widget, label: string, description?: string): void {
  const [labelValue, descriptionValue] = stringValues();
  labelValue.setString(label);
  if (description === undefined) {
    widget.updateProperty([Gtk.AccessibleProperty.LABEL], [labelValue]);
  } else {
    descriptionValue.setString(description);
    widget.updateProperty([Gtk.AccessibleProperty.LABEL, Gtk.AccessibleProperty.DESCRIPTION], [labelValue, descriptionValue]);
  }
}
