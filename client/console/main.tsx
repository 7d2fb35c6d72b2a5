import { render } from 'preact';
import { ConsoleApp } from './ConsoleApp';

render(<ConsoleApp />, document.getElementById('app')!);
