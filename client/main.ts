import './app.css'
import { mount } from 'svelte'
import App from './app/App.svelte'
import { registerServiceWorker } from './offline/registerServiceWorker.ts'

mount(App, { target: document.getElementById('app')! })
registerServiceWorker()
