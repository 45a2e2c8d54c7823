import fs from 'node:fs';
import { _, createLogger, format, isSovereignError, messageOf } from '../core/index.js';
import type * as AdwT from 'node-gtk/types/Adw-1.js';
import { listSpeechVoices, type SpeechVoice } from '../voice/espeak-voices.js';
import { listInputDevices, type InputDevice } from '../voice/input-devices.js';
import { Speaker } from '../voice/speaker.js';
import { MAX_SPEECH_RATE, MIN_SPEECH_RATE } from '../voice/speech-options.js';
import { Adw, Gtk } from './gi.js';
import { guard, spawnTask } from './guard.js';
import { LevelMeter } from './level-meter.js';
import { MicrophoneMeter } from './microphone-meter.js';
import type { PushToTalkMode, UiSettings } from './settings.js';

const log = createLogger('ui.preferences-voice');
const MODES: readonly PushToTalkMode[] = ['held', 'toggled'];

/**
 * Preferences › Voice: which microphone to listen to (with a live level meter
 * while the page is shown, so a person sees that it hears them), the voice
 * and rate of spoken answers with a Test Voice button, and how push-to-talk
 * behaves. The meter's microphone runs only while this page is visible.
 */
export function voicePage(window: AdwT.PreferencesWindow, settings: UiSettings): AdwT.PreferencesPage {
  const page = new Adw.PreferencesPage({ title: _('Voice'), iconName: 'audio-input-microphone-symbolic' });
  const speaker = new Speaker();

  const input = new Adw.PreferencesGroup({ title: _('Microphone'), description: _('What Sovereign hears is never saved to disk.') });
  const deviceRow = new Adw.ComboRow({ title: _('Input Device') });
  deviceRow.setModel(Gtk.StringList.new([_('System Default')]));
  input.add(deviceRow);
  const levelRow = new Adw.ActionRow({ title: _('Input Level'), subtitle: _('Speak to see the microphone hear you') });
  const meter = new LevelMeter(_('Input Level'));
  levelRow.addSuffix(meter.widget);
  input.add(levelRow);
  page.add(input);

  const microphone = new MicrophoneMeter(meter, (problem) => levelRow.setSubtitle(problem ?? _('Speak to see the microphone hear you')));
  let devices: InputDevice[] = [];
  const selectedDevice = () => (deviceRow.getSelected() === 0 ? undefined : devices[deviceRow.getSelected() - 1]);
  const meterWhileShown = () => {
    if (window.getVisiblePage() === page && window.getVisible()) {
      const device = selectedDevice();
      microphone.start(device?.name ?? '', device?.description);
    } else microphone.stop();
  };

  spawnTask('prefs.voice-devices', async () => {
    try {
      devices = await listInputDevices();
    } catch (error) {
      levelRow.setSubtitle(isSovereignError(error) ? error.message : messageOf(error));
      return;
    }
    const labels = devices.map((device) => device.description);
    deviceRow.setModel(Gtk.StringList.new([_('System Default'), ...labels]));
    const chosen = settings.voiceInputDevice;
    const index = devices.findIndex((device) => device.name === chosen);
    deviceRow.setSelected(index >= 0 ? index + 1 : 0);
    if (chosen && index < 0) levelRow.setSubtitle(format(_('The chosen microphone “{device}” is not connected; the system default is used'), { device: chosen }));
    deviceRow.on('notify::selected', guard('prefs.voice-device', undefined, () => {
      settings.voiceInputDevice = selectedDevice()?.name ?? '';
      if (microphone.running) meterWhileShown();
    }));
    meterWhileShown();
  });

  page.add(speechGroup(settings, speaker));
  page.add(pushToTalkGroup(settings));

  window.on('notify::visible-page', guard('prefs.voice-page', undefined, meterWhileShown));
  window.on('close-request', guard('prefs.voice-close', false, () => {
    microphone.stop();
    void speaker.stop();
    return false;
  }));
  return page;
}

function speechGroup(settings: UiSettings, speaker: Speaker): AdwT.PreferencesGroup {
  const group = new Adw.PreferencesGroup({ title: _('Spoken Answers'), description: _('Answers to spoken commands are read aloud with this voice.') });
  const voiceRow = new Adw.ComboRow({ title: _('Speaking Voice') });
  voiceRow.setModel(Gtk.StringList.new([settings.speechVoice]));
  group.add(voiceRow);
  let voices: SpeechVoice[] = [];
  spawnTask('prefs.voice-voices', async () => {
    voices = await listSpeechVoices();
    // A voice set outside this list (gsettings, an older espeak-ng) stays shown as what it is.
    if (!voices.some((voice) => voice.id === settings.speechVoice)) voices.unshift({ id: settings.speechVoice, name: settings.speechVoice });
    voiceRow.setModel(Gtk.StringList.new(voices.map((voice) => `${voice.name} (${voice.id})`)));
    const index = voices.findIndex((voice) => voice.id === settings.speechVoice);
    if (index >= 0) voiceRow.setSelected(index);
    voiceRow.on('notify::selected', guard('prefs.voice-voice', undefined, () => {
      const voice = voices[voiceRow.getSelected()];
      if (voice) settings.speechVoice = voice.id;
    }));
  });

  const rateRow = new Adw.ActionRow({ title: _('Speaking Rate'), subtitle: _('Words per minute') });
  const rate = Gtk.SpinButton.newWithRange(MIN_SPEECH_RATE, MAX_SPEECH_RATE, 5);
  rate.setValue(settings.speechRate);
  rate.setValign(Gtk.Align.CENTER);
  rate.on('value-changed', guard('prefs.voice-rate', undefined, () => {
    settings.speechRate = rate.getValueAsInt();
  }));
  rateRow.addSuffix(rate);
  rateRow.setActivatableWidget(rate);
  group.add(rateRow);

  const testRow = new Adw.ActionRow({ title: _('Test Voice') });
  const test = new Gtk.Button({ label: _('Test Voice'), valign: Gtk.Align.CENTER });
  test.on('clicked', guard('prefs.voice-test', undefined, () => {
    if (speaker.speaking) {
      void speaker.stop();
      return;
    }
    spawnTask('prefs.voice-test-speak', async () => {
      try {
        await speaker.speak(_('This is how Sovereign reads its answers to you.'), { voice: settings.speechVoice, rate: settings.speechRate });
        testRow.setSubtitle('');
      } catch (error) {
        log.info('test voice failed', { error });
        testRow.setSubtitle(isSovereignError(error) ? error.message : messageOf(error));
      }
    });
  }));
  speaker.onSpeakingChanged((speaking) => test.setLabel(speaking ? _('Stop') : _('Test Voice')));
  testRow.addSuffix(test);
  group.add(testRow);
  return group;
}

function pushToTalkGroup(settings: UiSettings): AdwT.PreferencesGroup {
  const group = new Adw.PreferencesGroup({ title: _('Listening') });
  const mode = new Adw.ComboRow({ title: _('Push to Talk'), subtitle: _('How the microphone button and shortcut start listening') });
  mode.setModel(Gtk.StringList.new([_('Hold to Talk'), _('Press to Start, Press to Stop')]));
  mode.setSelected(MODES.indexOf(settings.pushToTalkMode));
  mode.on('notify::selected', guard('prefs.voice-mode', undefined, () => {
    settings.pushToTalkMode = MODES[mode.getSelected()] ?? 'held';
  }));
  group.add(mode);

  // openWakeWord's published models are licensed non-commercial, so none
  // ships: the wake phrase works only with a model file the user brings.
  const model = new Adw.EntryRow({ title: _('Wake-Word Model (file or folder)') });
  model.setText(settings.wakeModelPath);
  model.setShowApplyButton(true);
  const wake = new Adw.ActionRow({ title: _('Listen for Wake Phrase') });
  const toggle = new Gtk.Switch({ valign: Gtk.Align.CENTER });
  const usable = () => {
    const file = model.getText().trim();
    return file !== '' && fs.existsSync(file);
  };
  const refresh = () => {
    const ready = usable();
    const chosen = model.getText().trim();
    toggle.setSensitive(ready);
    toggle.setActive(ready && settings.wakePhraseEnabled);
    if (chosen === '') {
      wake.setSubtitle(_('Needs a wake-word model: none comes with Sovereign, as openWakeWord’s published models are for non-commercial use only. Set an openWakeWord .onnx model above, with melspectrogram.onnx and embedding_model.onnx beside it.'));
    } else if (!ready) wake.setSubtitle(format(_('No model file at {path}'), { path: chosen }));
    else wake.setSubtitle(_('Say “Hey Sovereign” to give a command without pressing the microphone button'));
  };
  refresh();
  model.on('apply', guard('prefs.voice-wake-model', undefined, () => {
    settings.wakeModelPath = model.getText().trim();
    if (!usable()) settings.wakePhraseEnabled = false;
    refresh();
  }));
  toggle.on('notify::active', guard('prefs.voice-wake', undefined, () => {
    if (toggle.getSensitive()) settings.wakePhraseEnabled = toggle.getActive();
  }));
  wake.addSuffix(toggle);
  wake.setActivatableWidget(toggle);
  group.add(model);
  group.add(wake);
  return group;
}
